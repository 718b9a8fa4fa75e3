# `make run` and `make test` are the two set-up commands of the README; each sets up what it needs.
.PHONY: run test demo
run:
	scripts/run
test:
	scripts/test
demo:
	scripts/bootstrap
	.venv/bin/nat demo

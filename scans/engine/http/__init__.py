"""The request layer: every byte the engine sends to a target goes through `HttpClient`."""

"""Domain logic on the typed catalog, shared by lint rules, page renderers, simulation and governance: criteria, routing, scoring, versions, the stage graph, queries."""

"""The definitions that planning and snapshots read, gathered as plain data.

- `rows`: every recipe, unit, ingredient, good and material as plain rows, read in bulk
  (`DefinitionRows`), flattened and exploded for the domain.
- `snapshot_json`: the JSON a recipe or finished-good snapshot holds, built from those rows.
- `definitions`: the dict views of stored definitions the recipe, goods and costing
  services return (recipe flattened, goods exploded).
- `gather`: everything one event's plan needs (targets, snapshots, stock, offers).
"""

"""Each output takes the model and writes under one folder. A new output is a new module here."""

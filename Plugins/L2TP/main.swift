// Placeholder: the L2TP plugin is being written.
print("not yet")

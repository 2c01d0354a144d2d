// Placeholder: the OpenVPN plugin is being written.
print("not yet")

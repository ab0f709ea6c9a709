print("repair-bench: not yet")

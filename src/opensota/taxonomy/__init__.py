"""Areas, tasks (a tree), datasets, methods and their collections."""

"""Small, dependency-free helpers shared by the other layers."""

"""Living Lab: the living lab of Québec's immigrant-integration sector."""

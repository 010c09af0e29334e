"""OpenSOTA: papers, their code and their evaluation results, self-hosted."""

__version__ = "0.1.0"

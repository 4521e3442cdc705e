from loaders.cli import EXAMPLES, main
from loaders.usage import run_in_japanese

run_in_japanese(main, "python -m loaders", EXAMPLES)

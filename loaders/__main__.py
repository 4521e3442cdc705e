from loaders.cli import main

main(prog_name="python -m loaders")

"""`python -m leadsift`: the same CLI as the `leadsift` command."""

from leadsift.cli.main import run

if __name__ == "__main__":
    run()

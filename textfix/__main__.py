from textfix.cli import main

main()

from textfix.cli import main

raise SystemExit(main())

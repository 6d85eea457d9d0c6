from b24local.cli import main

main()

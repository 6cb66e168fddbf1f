// swctl: parse the command line, run one command, exit with its status.
import Commands

SwctlMain.exit(SwctlMain.run(Array(CommandLine.arguments.dropFirst())))

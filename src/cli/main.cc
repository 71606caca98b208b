#include "cli/cli.h"

int main(int argc, char** argv) { return relmap::run_cli(argc, argv); }

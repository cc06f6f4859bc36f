/* A stand-in service: says hello, or with --check reports itself healthy. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--check") == 0)
		return 0;
	puts("hello from the good image");
	return 0;
}

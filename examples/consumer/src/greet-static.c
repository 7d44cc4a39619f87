/* The same greeting, built statically with musl: it needs nothing of the system it runs on. */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("hello from %s\n", argc > 1 ? argv[1] : "greet-static");
    return 0;
}

/* The example's program: what a team ships. It prints a greeting and the C library it runs on. */
#include <stdio.h>
#include <gnu/libc-version.h>

int main(int argc, char **argv)
{
    printf("hello from %s\n", argc > 1 ? argv[1] : "greet");
    printf("glibc %s\n", gnu_get_libc_version());
    return 0;
}

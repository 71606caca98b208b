/* The floor of a freshness check: list the facts files under a folder and
   stat each, as a small C loop does it (one thread, each file examined
   relative to its open folder). Prints how many files it examined.

       cc -O2 -o floor floor.c && ./floor DATA_FOLDER
*/
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_facts(const char *name) {
  size_t n = strlen(name);
  return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) || (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static long walk(int fd) {
  DIR *d = fdopendir(fd);
  if (d == NULL) return 0;
  long files = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    struct stat st;
    if (e->d_type == DT_DIR) {
      int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (sub >= 0) files += walk(sub);
    } else if (is_facts(e->d_name) && fstatat(dirfd(d), e->d_name, &st, 0) == 0) {
      files += 1;
    }
  }
  closedir(d);
  return files;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: floor DATA_FOLDER\n");
    return 2;
  }
  int fd = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    perror(argv[1]);
    return 1;
  }
  printf("%ld\n", walk(fd));
  return 0;
}

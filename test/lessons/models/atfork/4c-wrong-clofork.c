// Wrong: mark each cloned connection close-on-fork, so other threads' forks
// do not copy it, and clear the mark just before our own fork.
pid_t plash_fork(void) {
  pthread_mutex_lock(&plash_libc_lock);
  int fd = plash_libc_duplicate_connection();
  fcntl(fd, F_SETFD, FD_CLOFORK);
  pthread_mutex_unlock(&plash_libc_lock);
  fcntl(fd, F_SETFD, 0);
  pid_t pid = kernel_fork();
  if (pid == 0) {
    close(comm_sock);
    dup2(fd, comm_sock);
    close(fd);
  } else {
    close(fd);
  }
  return pid;
}

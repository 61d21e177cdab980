// Wrong: keep the short critical sections, and have the child close every
// descriptor that is not its connection.
pid_t plash_fork(void) {
  pthread_mutex_lock(&plash_libc_lock);
  int fd = plash_libc_duplicate_connection();
  pthread_mutex_unlock(&plash_libc_lock);

  pthread_mutex_lock(&plash_libc_lock);
  pid_t pid = kernel_fork();
  if (pid == 0) {
    close(comm_sock);
    dup2(fd, comm_sock);
    for (int other = comm_sock + 1; other < comm_sock + 4; other++)
      close(other);
  } else {
    close(fd);
  }
  pthread_mutex_unlock(&plash_libc_lock);
  return pid;
}

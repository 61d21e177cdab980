// A first fix for 4a's deadlock that keeps the critical sections short: take
// the lock once to clone the connection, and again around the kernel fork.
// It passes 4a. Does it keep each child's descriptors straight?
pid_t plash_fork(void) {
  pthread_mutex_lock(&plash_libc_lock);
  int fd = plash_libc_duplicate_connection();
  pthread_mutex_unlock(&plash_libc_lock);

  pthread_mutex_lock(&plash_libc_lock);
  pid_t pid = kernel_fork();
  if (pid == 0) {
    close(comm_sock);
    dup2(fd, comm_sock);
    close(fd);
  } else {
    close(fd);
  }
  pthread_mutex_unlock(&plash_libc_lock);
  return pid;
}

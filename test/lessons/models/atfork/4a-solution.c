// Hold the lock across the kernel fork. The child gets a copy of the lock
// held by its own (only) thread, so each process can release its own copy.
pid_t plash_fork(void) {
  pthread_mutex_lock(&plash_libc_lock);
  int fd = plash_libc_duplicate_connection();
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

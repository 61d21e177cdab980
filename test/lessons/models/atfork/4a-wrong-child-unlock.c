// Wrong: keep the early unlock, and unlock in the child "in case" another
// thread held the lock at the fork. The child's thread does not own it.
pid_t plash_fork(void) {
  pthread_mutex_lock(&plash_libc_lock);
  int fd = plash_libc_duplicate_connection();
  pthread_mutex_unlock(&plash_libc_lock);
  pid_t pid = kernel_fork();
  if (pid == 0) {
    pthread_mutex_unlock(&plash_libc_lock);
    close(comm_sock);
    dup2(fd, comm_sock);
    close(fd);
  } else {
    close(fd);
  }
  return pid;
}

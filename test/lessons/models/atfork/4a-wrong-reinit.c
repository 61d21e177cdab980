// Wrong: keep the early unlock, and give the child a fresh lock. No thread
// can be stuck on it any more, but the thread that held it in the parent
// may have been half-way through a request when fork copied the memory.
pid_t plash_fork(void) {
  pthread_mutex_lock(&plash_libc_lock);
  int fd = plash_libc_duplicate_connection();
  pthread_mutex_unlock(&plash_libc_lock);
  pid_t pid = kernel_fork();
  if (pid == 0) {
    pthread_mutex_init(&plash_libc_lock, NULL);
    close(comm_sock);
    dup2(fd, comm_sock);
    close(fd);
  } else {
    close(fd);
  }
  return pid;
}

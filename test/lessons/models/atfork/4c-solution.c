// One critical section from the cloning to the kernel fork: no other fork
// can run while a cloned descriptor is open in this process.
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

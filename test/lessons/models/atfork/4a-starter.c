// PlashGlibc's fork(), as it was from revision 743: the lock covers the
// cloning of the connection, and is dropped just before the kernel fork.
pid_t plash_fork(void) {
  pthread_mutex_lock(&plash_libc_lock);
  int fd = plash_libc_duplicate_connection();
  pthread_mutex_unlock(&plash_libc_lock);
  pid_t pid = kernel_fork();
  if (pid == 0) {
    // the child: make the cloned connection its comm_sock
    close(comm_sock);
    dup2(fd, comm_sock);
    close(fd);
  } else {
    close(fd);
  }
  return pid;
}

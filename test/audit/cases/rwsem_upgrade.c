// Upgrading a read hold to a write hold: self-deadlock.
struct rw_semaphore s;
int main(void) { init_rwsem(&s); down_read(&s); down_write(&s); return 0; }

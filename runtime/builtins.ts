// The builtins the simulator provides, named as POSIX and the Linux kernel name
// them. This table is the contract between the compiler (which checks calls
// against the prototypes) and the simulator (which implements the semantics,
// documented one by one in docs/BUILTINS.md). A builtin's id is its index here:
// append new entries at the end so compiled programs keep their meaning.
//
// PRELUDE is compiled before every source unit: it gives the types the
// prototypes use and the usual constants. Lock objects live in simulated memory
// (so fork copies them, page by page if need be); a zeroed lock is unlocked.

export interface BuiltinSpec {
  /** the C prototype the compiler parses and checks calls against */
  prototype: string;
  /** true: never returns (exit, _exit, pthread_exit) */
  noreturn?: boolean;
}

export const PRELUDE = `
typedef unsigned size_t;
typedef int pid_t;
typedef int pthread_t;
typedef struct { int __lock; } pthread_mutex_t;
typedef struct { int __unused; } pthread_mutexattr_t;
typedef struct { int __unused; } pthread_attr_t;
struct mutex { int __owner; };
struct rw_semaphore { int __readers; int __writer; };
#define PTHREAD_MUTEX_INITIALIZER { 0 }
#define O_RDONLY 0
#define O_WRONLY 1
#define O_RDWR 2
#define O_CLOEXEC 0x80000
#define O_CLOFORK 0x4000000
#define F_GETFD 1
#define F_SETFD 2
#define FD_CLOEXEC 1
#define FD_CLOFORK 2
#define SIGUSR1 10
#define SIGUSR2 12
#define WNOHANG 1
#define EINTR 4
#define EAGAIN 11
#define ETIMEDOUT 110
`;

/** In table order; the index is the builtin id used by Op.BUILTIN. */
export const BUILTINS: readonly BuiltinSpec[] = [
  // threads and processes
  { prototype: 'int pthread_create(pthread_t *thread, pthread_attr_t *attr, void *(*start)(void *), void *arg)' },
  { prototype: 'int pthread_join(pthread_t thread, void **retval)' },
  { prototype: 'void pthread_exit(void *retval)', noreturn: true },
  { prototype: 'pthread_t pthread_self(void)' },
  { prototype: 'int gettid(void)' },
  { prototype: 'pid_t getpid(void)' },
  { prototype: 'pid_t fork(void)' },
  { prototype: 'pid_t waitpid(pid_t pid, int *status, int options)' },
  { prototype: 'void exit(int status)', noreturn: true },
  { prototype: 'void _exit(int status)', noreturn: true },
  { prototype: 'int pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void))' },
  // memory
  { prototype: 'void *malloc(size_t words)' },
  { prototype: 'void free(void *p)' },
  // model-only
  { prototype: 'int nondet(int lo, int hi)' },
  { prototype: 'void assume(int cond)' },
  // POSIX mutexes
  { prototype: 'int pthread_mutex_init(pthread_mutex_t *m, pthread_mutexattr_t *attr)' },
  { prototype: 'int pthread_mutex_lock(pthread_mutex_t *m)' },
  { prototype: 'int pthread_mutex_trylock(pthread_mutex_t *m)' },
  { prototype: 'int pthread_mutex_unlock(pthread_mutex_t *m)' },
  // kernel locks
  { prototype: 'void mutex_init(struct mutex *m)' },
  { prototype: 'void mutex_lock(struct mutex *m)' },
  { prototype: 'void mutex_unlock(struct mutex *m)' },
  { prototype: 'void init_rwsem(struct rw_semaphore *s)' },
  { prototype: 'void down_read(struct rw_semaphore *s)' },
  { prototype: 'void up_read(struct rw_semaphore *s)' },
  { prototype: 'void down_write(struct rw_semaphore *s)' },
  { prototype: 'void up_write(struct rw_semaphore *s)' },
  { prototype: 'void lockdep_assert_held(void *lock)' },
  // futexes and wait channels
  { prototype: 'int futex_wait(int *addr, int val)' },
  { prototype: 'int futex_wake(int *addr, int n)' },
  { prototype: 'int tsleep(void *chan)' },
  { prototype: 'int msleep(void *chan, struct mutex *m)' },
  { prototype: 'void wakeup(void *chan)' },
  // ordering and atomics (all atomics are full barriers)
  { prototype: 'void barrier(void)' },
  { prototype: 'void smp_wmb(void)' },
  { prototype: 'void smp_rmb(void)' },
  { prototype: 'void smp_mb(void)' },
  { prototype: 'int atomic_load(int *p)' },
  { prototype: 'void atomic_store(int *p, int v)' },
  { prototype: 'int atomic_exchange(int *p, int v)' },
  { prototype: 'int cmpxchg(int *p, int old, int new)' },
  { prototype: 'int atomic_fetch_add(int *p, int v)' },
  { prototype: 'int atomic_fetch_or(int *p, int v)' },
  { prototype: 'int atomic_fetch_and(int *p, int v)' },
  // file descriptors (per process, inherited by fork)
  { prototype: 'int open(char *path, int flags)' },
  { prototype: 'int close(int fd)' },
  { prototype: 'int dup(int fd)' },
  { prototype: 'int dup2(int oldfd, int newfd)' },
  { prototype: 'int fcntl(int fd, int cmd, int arg)' },
  { prototype: 'int fd_is_open(int fd)' },
  // signals
  { prototype: 'int signal(int sig, void (*handler)(int))' },
  { prototype: 'int pthread_kill(pthread_t thread, int sig)' },
  // memory-reuse provenance: a number unique to the allocation that holds p (0: none)
  { prototype: 'int alloc_id(void *p)' },
];

/** builtin id by name */
export const BUILTIN_ID: Readonly<Record<string, number>> = Object.fromEntries(
  BUILTINS.map((b, i) => [b.prototype.match(/([A-Za-z_][A-Za-z0-9_]*)\s*\(/)![1], i]),
);

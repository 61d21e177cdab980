/* The robust mutex model of exercise 3b: as in 3a, but the waiter is the last
 * user of the mutex. Once it has taken and released it, POSIX lets it destroy
 * the mutex and reuse the memory; here it stores a job record there whose
 * first word may equal the owner's TID. The exercise file supplies the lock
 * and unlock paths and the kernel's handle_futex_death. The kernel support for
 * the intent-to-release proposal (futex_wait_or_recover) is part of the model. */

#define FUTEX_WAITERS    0x80000000
#define FUTEX_OWNER_DIED 0x40000000
#define FUTEX_RELEASING  0x20000000   /* the proposal's intent-to-release bit */
#define FUTEX_TID_MASK   0x1fffffff
#define EOWNERDEAD       130
#define EAGAIN_RET       (-11)
#define MAX_THREADS      8

struct robust_mutex {
    int futex;                     /* 0: free; else owner TID | FUTEX_WAITERS | FUTEX_OWNER_DIED */
};

/* What each thread registers with set_robust_list(): the robust mutex it holds
 * (a real list links any number of them; one is enough here) and the one it is
 * in the middle of taking or releasing. */
struct robust_list_head {
    int *list;
    int *list_op_pending;
};

/* The memory the mutex lives in: the program recycles it itself. */
struct job {
    int worker;                    /* first word: may equal a TID */
};
int arena[2];
struct robust_mutex *mx;           /* the mutex while it exists */
int arena_is_mutex;
int job_value;                     /* what the new owner of the memory stored */
int job_written;

struct robust_list_head heads[MAX_THREADS];
struct robust_list_head *robust_list_of[MAX_THREADS];
int owner_tid;

/* kernel state for the proposal's recovery operation */
int task_dead[MAX_THREADS];
int wake_seq;                      /* bumped by every wake; recovery waiters sleep on it */

void set_robust_list(struct robust_list_head *head)
{
    robust_list_of[gettid()] = head;
}

struct robust_list_head *self(void) { return robust_list_of[gettid()]; }

int get_user(int *uaddr) { return atomic_load(uaddr); }
int futex_cmpxchg_user(int *uaddr, int old, int new) { return cmpxchg(uaddr, old, new); }

/* FUTEX_WAKE as the proposal needs it: wakes plain futex waiters and the
 * waiters parked in futex_wait_or_recover. */
void sys_futex_wake(int *uaddr)
{
    atomic_fetch_add(&wake_seq, 1);
    futex_wake(&wake_seq, MAX_THREADS);
    futex_wake(uaddr, 1);
}

/* The proposal's new operation, called by a thread that wants the mutex and
 * saw it held with value val. If the word changed, return to retry. If the TID
 * in val belongs to a dead thread, repair the word (a waiter exists, so the
 * mutex is alive): a releasing owner had finished its critical section, so the
 * word is simply freed; otherwise it is marked OWNER_DIED. Else sleep until a
 * wake. The sequence number closes the window between looking and sleeping. */
int futex_wait_or_recover(int *uaddr, int val)
{
    int seq = atomic_load(&wake_seq);
    if (get_user(uaddr) != val)
        return EAGAIN_RET;
    if (task_dead[val & FUTEX_TID_MASK]) {
        int repaired = (val & FUTEX_RELEASING) ? 0 : (val & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
        futex_cmpxchg_user(uaddr, val, repaired);
        return 0;
    }
    futex_wait(&wake_seq, seq);
    return 0;
}

int robust_lock(struct robust_mutex *m);
void robust_unlock(struct robust_mutex *m);
int handle_futex_death(int *uaddr, int tid, int pending_op);

/* The kernel's exit_robust_list, run by a killed thread. */
#pragma thread_exit_hook exit_robust_list
void exit_robust_list(void)
{
    int tid = gettid();
    struct robust_list_head *head = robust_list_of[tid];
    if (head) {
        int *entry = head->list;
        int *pending = head->list_op_pending;
        if (entry && entry != pending)
            handle_futex_death(entry, tid, 0);
        if (pending)
            handle_futex_death(pending, tid, 1);
    }
    /* Only now is the thread dead for futex_wait_or_recover: the list walk
     * above must not race with a waiter's repair of the same word. */
    task_dead[tid] = 1;
    atomic_fetch_add(&wake_seq, 1);
    futex_wake(&wake_seq, MAX_THREADS);
}

void *owner(void *arg)
{
    owner_tid = gettid();
    set_robust_list(&heads[gettid()]);
    robust_lock(mx);
    robust_unlock(mx);
    return NULL;
}

/* The last user: take the mutex, release it, destroy it, reuse the memory. */
void *waiter(void *arg)
{
    set_robust_list(&heads[gettid()]);
    assume(atomic_load(&mx->futex) != 0);
    robust_lock(mx);
    robust_unlock(mx);
    arena_is_mutex = 0;                            /* pthread_mutex_destroy */
    struct job *j = (struct job *)arena;
    int v = owner_tid | nondet(0, 1) * FUTEX_WAITERS;
    job_value = v;
    j->worker = v;
    job_written = 1;
    return NULL;
}

/* Memory that is no longer a mutex changes only by its new owner's hand. */
#pragma invariant kernel_writes_only_live_mutexes
int kernel_writes_only_live_mutexes(void)
{
    return arena_is_mutex || !job_written || arena[0] == job_value;
}

int main(void)
{
    pthread_t o;
    pthread_t w;
    mx = (struct robust_mutex *)arena;             /* pthread_mutex_init */
    arena_is_mutex = 1;
    pthread_create(&o, NULL, owner, NULL);
    pthread_create(&w, NULL, waiter, NULL);
    pthread_join(o, NULL);
    pthread_join(w, NULL);
    return 0;
}

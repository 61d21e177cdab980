/* The robust mutex model of exercise 3a: one robust mutex, an owner that takes
 * and releases it and may be killed at any step, and a waiter that arrives
 * while the owner holds it. The exercise file supplies the user-space unlock
 * path (robust_unlock, steps L1-L5) and the kernel's handle_futex_death. */

#define FUTEX_WAITERS    0x80000000
#define FUTEX_OWNER_DIED 0x40000000
#define FUTEX_TID_MASK   0x3fffffff
#define EOWNERDEAD       130
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

struct robust_mutex m;
struct robust_list_head heads[MAX_THREADS];
struct robust_list_head *robust_list_of[MAX_THREADS];   /* the kernel's task->robust_list */
int shared_counter;                                      /* what m protects */

void set_robust_list(struct robust_list_head *head)
{
    robust_list_of[gettid()] = head;
}

struct robust_list_head *self(void) { return robust_list_of[gettid()]; }

/* The kernel reads and writes user memory only through these. */
int get_user(int *uaddr) { return atomic_load(uaddr); }
int futex_cmpxchg_user(int *uaddr, int old, int new) { return cmpxchg(uaddr, old, new); }

/* pthread_mutex_lock on a robust mutex: announce the operation, try to take the
 * word, otherwise set FUTEX_WAITERS and sleep; after a wakeup, retake it with
 * FUTEX_WAITERS set (other sleepers may remain). A dead owner's OWNER_DIED
 * word is taken over and reported as EOWNERDEAD. */
int robust_lock(struct robust_mutex *mx)
{
    int tid = gettid();
    struct robust_list_head *me = robust_list_of[tid];
    int ret = 0;
    me->list_op_pending = &mx->futex;
    int old = cmpxchg(&mx->futex, 0, tid);
    while (old != 0) {
        if (old & FUTEX_OWNER_DIED) {
            if (cmpxchg(&mx->futex, old, tid | (old & FUTEX_WAITERS)) == old) {
                ret = EOWNERDEAD;
                break;
            }
        } else if ((old & FUTEX_WAITERS) || cmpxchg(&mx->futex, old, old | FUTEX_WAITERS) == old) {
            futex_wait(&mx->futex, old | FUTEX_WAITERS);
        }
        old = cmpxchg(&mx->futex, 0, tid | FUTEX_WAITERS);
    }
    me->list = &mx->futex;
    me->list_op_pending = NULL;
    return ret;
}

void robust_unlock(struct robust_mutex *mx);
int handle_futex_death(int *uaddr, int tid, int pending_op);

/* The kernel's exit_robust_list, run by a killed thread: every mutex still on
 * its list, then the pending operation's word if it is not one of them. */
#pragma thread_exit_hook exit_robust_list
void exit_robust_list(void)
{
    int tid = gettid();
    struct robust_list_head *head = robust_list_of[tid];
    if (!head)
        return;
    int *entry = head->list;
    int *pending = head->list_op_pending;
    if (entry && entry != pending)
        handle_futex_death(entry, tid, 0);
    if (pending)
        handle_futex_death(pending, tid, 1);
}

void *owner(void *arg)
{
    set_robust_list(&heads[gettid()]);
    robust_lock(&m);
    shared_counter = shared_counter + 1;
    robust_unlock(&m);
    return NULL;
}

/* The waiter arrives while the owner holds m. */
void *waiter(void *arg)
{
    set_robust_list(&heads[gettid()]);
    assume(atomic_load(&m.futex) != 0);
    robust_lock(&m);
    shared_counter = shared_counter + 1;
    robust_unlock(&m);
    return NULL;
}

int main(void)
{
    pthread_t o;
    pthread_t w;
    pthread_create(&o, NULL, owner, NULL);
    pthread_create(&w, NULL, waiter, NULL);
    pthread_join(o, NULL);
    pthread_join(w, NULL);
    return 0;
}

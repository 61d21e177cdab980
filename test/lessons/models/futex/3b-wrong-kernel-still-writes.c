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
            /* The owner may be dead, and only a waiter can safely ask the
             * kernel to repair the word: wait through the new operation. */
            futex_wait_or_recover(&mx->futex, old | FUTEX_WAITERS);
        }
        old = cmpxchg(&mx->futex, 0, tid | FUTEX_WAITERS);
    }
    me->list = &mx->futex;
    me->list_op_pending = NULL;
    return ret;
}

/* User space: glibc's unlock, steps L1-L5. */
void robust_unlock(struct robust_mutex *mx)
{
    struct robust_list_head *me = self();
    me->list_op_pending = &mx->futex;                   /* L1 */
    atomic_fetch_or(&mx->futex, FUTEX_RELEASING);       /* intent: TID stays */
    me->list = NULL;                                    /* L2 */
    int fw = atomic_exchange(&mx->futex, 0);            /* L3: the release */
    if (fw & FUTEX_WAITERS)
        sys_futex_wake(&mx->futex);                     /* L4 */
    me->list_op_pending = NULL;                         /* L5 */
}

/* Kernel: what exit_robust_list does with each word a dead thread left behind. */
int handle_futex_death(int *uaddr, int tid, int pending_op)
{
    int uval;
retry:
    uval = get_user(uaddr);
    if (pending_op && (uval & FUTEX_RELEASING)) {
        sys_futex_wake(uaddr);          /* a release in progress: leave it to the waiter */
        return 0;
    }
    if (pending_op && uval == 0) {
        sys_futex_wake(uaddr);
        return 0;
    }
    if ((uval & FUTEX_TID_MASK) != tid)
        return 0;
    int mval = (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
    if (futex_cmpxchg_user(uaddr, uval, mval) != uval)
        goto retry;
    if (uval & FUTEX_WAITERS)
        sys_futex_wake(uaddr);
    return 0;
}

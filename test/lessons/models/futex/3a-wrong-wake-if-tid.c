/* User space: glibc's unlock of a robust mutex, steps L1-L5. */
void robust_unlock(struct robust_mutex *mx)
{
    struct robust_list_head *me = self();
    me->list_op_pending = &mx->futex;                   /* L1 */
    me->list = NULL;                                    /* L2 */
    int fw = atomic_exchange(&mx->futex, 0);            /* L3 */
    if (fw & FUTEX_WAITERS)
        futex_wake(&mx->futex, 1);                      /* L4 */
    me->list_op_pending = NULL;                         /* L5 */
}

/* Kernel: what exit_robust_list does with each word a dead thread left behind. */
int handle_futex_death(int *uaddr, int tid, int pending_op)
{
    int uval;
retry:
    uval = get_user(uaddr);
    if ((uval & FUTEX_TID_MASK) != tid)
        return 0;                       /* not the dead thread's: hands off */
    int mval = (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
    if (futex_cmpxchg_user(uaddr, uval, mval) != uval)
        goto retry;
    futex_wake(uaddr, 1);               /* wake even without FUTEX_WAITERS */
    return 0;
}

/* REPRO (for the machine, runtime/sim): a thread returns from its start routine
 * holding a semaphore. The checker rightly reports lock-misuse ("thread 2 returns
 * while holding s, taken at line 12"), but the state after that last step, as
 * snapshot() shows it (the state panel at the final step of the counterexample),
 * lists thread 2 as status 'blocked', blockedOn 'something' -- it should read as
 * finished (or as stopped at its return), not as waiting for an unnamed thing.
 *   npx racecourse verify test/lessons/models/dax/REPRO-exit-holding-snapshot.c --json */
struct rw_semaphore s;

void *leaker(void *arg)
{
    down_write(&s);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, leaker, NULL);
    pthread_join(t, NULL);
    return 0;
}

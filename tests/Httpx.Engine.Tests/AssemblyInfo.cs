// Tests run in parallel across classes; the shared server handles it. Keep the thread count modest on 2 cores.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]

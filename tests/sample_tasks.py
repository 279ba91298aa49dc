"""Jobs for the task-queue tests: each appends its number to a file, once per run."""

import os
import time

from django_tasks import task


@task()
def record(path, number):
    time.sleep(0.02)  # long enough for two workers to overlap
    with open(path, "a", encoding="ascii") as log:
        log.write(f"{number} {os.getpid()}\n")
    return number

json(_, level, status)
default_time(time)

package subpolicy.config

notice_days := 1

package subpolicy.lib

config := data.subpolicy.config

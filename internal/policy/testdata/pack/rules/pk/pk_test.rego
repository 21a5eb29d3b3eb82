package subpolicy.rules.pk_test

import data.subpolicy.rules.pk

test_notice_days if {
	"notice days 30" in pk.info
}

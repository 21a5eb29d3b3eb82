//go:build !unix

package action_test

import "errors"

func mkfifo(string) error { return errors.ErrUnsupported }

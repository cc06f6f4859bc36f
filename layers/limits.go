package layers

import (
	"fmt"
	"strconv"
)

// maxPathLen is the longest path or link target an entry may have: Linux's
// PATH_MAX. A longer one cannot be opened by a runtime in one call, and
// a layer of a few thousand entries with megabyte-long names would cost
// gigabytes of memory and minutes of merging, so such a layer is refused.
const maxPathLen = 4096

// checkLengths refuses a path or a link target longer than maxPathLen.
func checkLengths(p, link string) error {
	if len(p) > maxPathLen {
		return fmt.Errorf("path is %d bytes long, more than %d", len(p), maxPathLen)
	}
	if len(link) > maxPathLen {
		return fmt.Errorf("link target is %d bytes long, more than %d", len(link), maxPathLen)
	}
	return nil
}

// quoteName quotes a name from a tar header for a message, cutting a long
// one short in the middle so that the message stays one readable line.
func quoteName(name string) string {
	const keep = 40
	if len(name) <= 2*keep+8 {
		return strconv.Quote(name)
	}
	return strconv.Quote(name[:keep] + "…" + name[len(name)-keep:])
}

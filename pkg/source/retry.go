package source

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// retryBackoff is how registry requests are retried: four tries, waiting
// about 1, 2 and 4 seconds between them. ggcr's default is three tries
// after 1 and 3 seconds; one more helps a registry that is restarting.
var retryBackoff = remote.Backoff{Duration: time.Second, Factor: 2, Jitter: 0.1, Steps: 4}

// retryStatus are the answers worth asking again: a timeout, a rate limit
// and the server errors that proxies and restarting registries give. ggcr
// retries the same by default; they are listed here so that the policy is
// read in one place.
var retryStatus = []int{
	http.StatusRequestTimeout,
	http.StatusTooManyRequests,
	http.StatusInternalServerError,
	http.StatusBadGateway,
	http.StatusServiceUnavailable,
	http.StatusGatewayTimeout,
}

// retryable reports whether a failed request or read may succeed when
// tried again: the connection broke or the network flaked. An error of a
// cancelled or timed-out context never is, so that Ctrl-C and --timeout
// stop at once rather than after the backoff; ggcr's default predicate
// retries those too, since a deadline error calls itself temporary.
func retryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, net.ErrClosed) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	// A registry's answer with a status worth retrying (see retryStatus)
	// says so through transport.Error's Temporary.
	var te *transport.Error
	return errors.As(err, &te) && te.Temporary()
}

// retryOptions are the remote options that make requests retry.
func retryOptions() []remote.Option {
	return []remote.Option{
		remote.WithRetryBackoff(retryBackoff),
		remote.WithRetryStatusCodes(retryStatus...),
		remote.WithRetryPredicate(retryable),
	}
}

// sleep waits for d, or less when ctx is done first; it reports whether
// the whole wait passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()

	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

package source

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// maxRetryAfter is the longest Retry-After a registry may ask imgaudit to
// wait; an answer asking for longer is handed on as it is.
const maxRetryAfter = 60 * time.Second

// retryAfterTries is how often one request is sent again on a Retry-After.
const retryAfterTries = 3

// maxResumes is how often one response body is resumed before the break
// is reported: a registry that breaks every connection does not keep the
// audit going for ever.
const maxResumes = 5

// patient is the transport under ggcr's own retries. It does two things
// those retries do not: it honours Retry-After on 429 and 503 answers,
// waiting as long as the registry asks (within maxRetryAfter and the
// request's context) before asking again; and it resumes a response body
// that breaks half way, which ggcr reports at once, though a layer is one
// long body and a big one is the likeliest read to break.
type patient struct {
	inner http.RoundTripper
}

func (t patient) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.send(req)
	if err != nil || !resendable(req) || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	resp.Body = &resumer{t: t, req: req, rc: resp.Body}
	return resp, nil
}

// send makes the request, again after each Retry-After it is given.
func (t patient) send(req *http.Request) (*http.Response, error) {
	for try := 0; ; try++ {
		resp, err := t.inner.RoundTrip(req)
		if err != nil || try == retryAfterTries || !resendable(req) {
			return resp, err
		}

		wait, ok := askedWait(resp)
		if !ok {
			return resp, nil
		}
		resp.Body.Close()
		if !sleep(req.Context(), wait) {
			return nil, req.Context().Err()
		}
	}
}

// resendable reports whether req can go out again as it is: a read with
// no body, as registry reads are.
func resendable(req *http.Request) bool {
	return (req.Method == http.MethodGet || req.Method == http.MethodHead) &&
		(req.Body == nil || req.Body == http.NoBody)
}

// askedWait is how long a 429 or 503 answer asks the client to wait.
func askedWait(resp *http.Response) (time.Duration, bool) {
	if resp.StatusCode != http.StatusTooManyRequests &&
		resp.StatusCode != http.StatusServiceUnavailable {
		return 0, false
	}

	h := resp.Header.Get("Retry-After")
	var d time.Duration
	if secs, err := strconv.Atoi(h); err == nil {
		d = time.Duration(secs) * time.Second
	} else if at, err := http.ParseTime(h); err == nil {
		d = time.Until(at)
	} else {
		return 0, false
	}
	if d > maxRetryAfter {
		return 0, false
	}
	return max(d, 0), true
}

// resumer reads a response body and, when the connection breaks, sends
// the request again and skips what it already passed on. The caller
// hashes what it reads, so a body that changed between the two answers
// still fails its digest.
type resumer struct {
	t       patient
	req     *http.Request
	rc      io.ReadCloser
	n       int64 // bytes passed on
	resumed int
}

func (r *resumer) Read(p []byte) (int, error) {
	for {
		n, err := r.rc.Read(p)
		r.n += int64(n)
		if n > 0 || err == nil || err == io.EOF || !retryable(err) {
			return n, err
		}
		if rerr := r.resume(err); rerr != nil {
			return 0, rerr
		}
	}
}

// resume sends the request again after err broke the body, waiting as
// the request retries do, and skips the bytes already read.
func (r *resumer) resume(err error) error {
	ctx := r.req.Context()
	for {
		if r.resumed == maxResumes {
			return fmt.Errorf("reading %s, given up after %d resumes: %w",
				bareURL(r.req.URL), r.resumed, err)
		}
		wait := retryBackoff.Duration << r.resumed
		r.resumed++
		if !sleep(ctx, wait) {
			return ctx.Err()
		}

		r.rc.Close()
		resp, serr := r.t.send(r.req)
		if serr != nil {
			err = serr
		} else if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			return fmt.Errorf("resuming %s after %w: %s", bareURL(r.req.URL), err, resp.Status)
		} else {
			r.rc = resp.Body
			if _, err = io.CopyN(io.Discard, r.rc, r.n); err == nil {
				return nil
			}
		}
		if !retryable(err) {
			return err
		}
	}
}

func (r *resumer) Close() error {
	return r.rc.Close()
}

// bareURL spells u without user, query or fragment: a blob's address may
// be a signed URL whose query is a credential.
func bareURL(u *url.URL) string {
	return u.Scheme + "://" + u.Host + u.EscapedPath()
}

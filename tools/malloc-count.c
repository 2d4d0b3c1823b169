/*
 * malloc-count: an LD_PRELOAD shim that counts heap calls, for the
 * "no allocation per packet" check of issue 6 (make bench-alloc).
 *
 *   LD_PRELOAD=malloc-count.so MALLOC_COUNT_OUT=file prog ...
 *
 * At exit it writes "malloc N calloc N realloc N memalign N free N
 * total N" (total: every call that may allocate) to the file, or to
 * stderr without MALLOC_COUNT_OUT.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The wrappers call glibc's own entry points (__libc_malloc and friends)
 * rather than dlsym(RTLD_NEXT), which itself allocates.  The counters are
 * atomic so threaded programs count right; the report is formatted by hand
 * into a stack buffer so that writing it allocates nothing.
 */

void	*__libc_malloc(size_t);
void	*__libc_calloc(size_t, size_t);
void	*__libc_realloc(void *, size_t);
void	*__libc_memalign(size_t, size_t);
void	 __libc_free(void *);

void	*malloc(size_t);
void	*calloc(size_t, size_t);
void	*realloc(void *, size_t);
void	 free(void *);
int	 posix_memalign(void **, size_t, size_t);
void	*aligned_alloc(size_t, size_t);
void	*memalign(size_t, size_t);

static atomic_ulong mc_malloc, mc_calloc, mc_realloc, mc_memalign, mc_free;

void *
malloc(size_t n)
{
	atomic_fetch_add_explicit(&mc_malloc, 1, memory_order_relaxed);
	return (__libc_malloc(n));
}

void *
calloc(size_t n, size_t size)
{
	atomic_fetch_add_explicit(&mc_calloc, 1, memory_order_relaxed);
	return (__libc_calloc(n, size));
}

void *
realloc(void *p, size_t n)
{
	atomic_fetch_add_explicit(&mc_realloc, 1, memory_order_relaxed);
	return (__libc_realloc(p, n));
}

void
free(void *p)
{
	if (p != NULL)
		atomic_fetch_add_explicit(&mc_free, 1, memory_order_relaxed);
	__libc_free(p);
}

void *
memalign(size_t align, size_t n)
{
	atomic_fetch_add_explicit(&mc_memalign, 1, memory_order_relaxed);
	return (__libc_memalign(align, n));
}

void *
aligned_alloc(size_t align, size_t n)
{
	return (memalign(align, n));
}

int
posix_memalign(void **out, size_t align, size_t n)
{
	void *p;

	if (align < sizeof(void *) || (align & (align - 1)) != 0)
		return (EINVAL);
	p = memalign(align, n);
	if (p == NULL)
		return (ENOMEM);
	*out = p;
	return (0);
}

/* Appends " name value" to buf at *len. */
static void
mc_put(char *buf, size_t *len, const char *name, unsigned long v)
{
	char digits[24];
	int n = 0;

	if (*len != 0)
		buf[(*len)++] = ' ';
	memcpy(buf + *len, name, strlen(name));
	*len += strlen(name);
	buf[(*len)++] = ' ';
	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		buf[(*len)++] = digits[--n];
}

/* Writes the counts once the program is done. */
__attribute__((destructor)) static void
mc_report(void)
{
	const char *path = getenv("MALLOC_COUNT_OUT");
	unsigned long m = atomic_load(&mc_malloc), c = atomic_load(&mc_calloc);
	unsigned long r = atomic_load(&mc_realloc);
	unsigned long a = atomic_load(&mc_memalign);
	char buf[256];
	size_t len = 0;
	int fd = 2;

	mc_put(buf, &len, "malloc", m);
	mc_put(buf, &len, "calloc", c);
	mc_put(buf, &len, "realloc", r);
	mc_put(buf, &len, "memalign", a);
	mc_put(buf, &len, "free", atomic_load(&mc_free));
	mc_put(buf, &len, "total", m + c + r + a);
	buf[len++] = '\n';
	if (path != NULL && *path != '\0')
		fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (fd >= 0 && write(fd, buf, len) < 0)
		fd = -1;
	if (fd > 2)
		close(fd);
}

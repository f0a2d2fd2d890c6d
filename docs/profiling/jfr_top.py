# usage: jfr print --events jdk.ExecutionSample x.jfr > x.txt; python3 jfr_top.py x.txt [frames]
import sys, re, collections
text = open(sys.argv[1]).read()
depth = int(sys.argv[2]) if len(sys.argv) > 2 else 1
samples = text.split('jdk.ExecutionSample')
top = collections.Counter(); threads = collections.Counter(); ours = collections.Counter(); incl = collections.Counter()
n = 0
for s in samples[1:]:
    frames = re.findall(r'^\s+([\w$.<>/]+)\(', s, re.M)
    t = re.search(r'sampledThread = "([^"]*)"', s)
    if not frames: continue
    n += 1
    tn = re.sub(r'\d+', 'N', t.group(1)) if t else '?'
    threads[tn] += 1
    top[' < '.join(frames[:depth])] += 1
    o = next((f for f in frames if 'net.aitbc' in f), None)
    if o: ours[o] += 1
    seen = set()
    for f in frames:
        key = '.'.join(f.split('.')[:4])
        if key not in seen:
            incl[key] += 1; seen.add(key)
print('samples', n)
print('--- threads'); [print(f'{c*100/n:5.1f}% {k}') for k, c in threads.most_common(8)]
print('--- top frames'); [print(f'{c*100/n:5.1f}% {k}') for k, c in top.most_common(25)]
print('--- first aitbc frame'); [print(f'{c*100/n:5.1f}% {k}') for k, c in ours.most_common(15)]
print('--- inclusive by package prefix'); [print(f'{c*100/n:5.1f}% {k}') for k, c in incl.most_common(40)]

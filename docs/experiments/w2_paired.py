"""Paired differences (KDE tuned minus EnKF, SIR, EnFF, EnFF tuned where present) of W2 and RMSE over the seeds of a w2-l96-half.sh run.

Usage: python3 docs/experiments/w2_paired.py RUNS_DIR   (labels kde-tuned-N0250 ... enff-N1000, as in w2.md)
"""
import json,os,math,sys
root=sys.argv[1]
def load(label):
    d={}
    p=os.path.join(root,label)
    for s in os.listdir(p):
        f=os.path.join(p,s,"summary.json")
        if os.path.isfile(f): d[int(s.split('-')[1])]=json.load(open(f))
    return d
def ms(v):
    m=sum(v)/len(v); sd=math.sqrt(sum((x-m)**2 for x in v)/(len(v)-1)) if len(v)>1 else float('nan'); return m, sd/math.sqrt(len(v))
for N in ["0250","0500","1000"]:
    k=load("kde-tuned-N"+N)
    for other in ["enkf","bpf","enff","enff-tuned"]:
        if not os.path.isdir(os.path.join(root,other+"-N"+N)): continue
        o=load(other+"-N"+N)
        seeds=sorted(set(k)&set(o))
        for key in ["w2","rmse"]:
            dd=[k[s][key]-o[s][key] for s in seeds]
            m,se=ms(dd)
            print(f"N={int(N)} kde-tuned - {other} {key}: {m:+.2f} ± {se:.2f} (lower in {sum(x<0 for x in dd)}/{len(dd)})")
    nfe=[k[s].get("nfe") for s in k]
    print("  kde nfe range", min(nfe), max(nfe))

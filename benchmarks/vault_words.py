"""Word lists the benchmark vault generator builds its text from (written by us)."""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


ADJECTIVES = _words(
    "adaptive anisotropic asymmetric autoregressive balanced bidirectional causal coherent "
    "compact compositional conditional consistent continuous contrastive controllable "
    "cross-modal deformable dense differentiable discrete disentangled dynamic efficient "
    "equivariant explicit expressive factorized faithful fast fine-grained flexible frozen "
    "generalizable geometric global gradual hierarchical high-fidelity hybrid implicit "
    "incremental interpretable invariant joint latent learnable lightweight local "
    "long-range masked modular monocular multi-scale multi-view multimodal neural noisy "
    "non-rigid open-vocabulary optimal parallel parametric periodic personalized "
    "photorealistic physical probabilistic progressive real-time recurrent relational "
    "robust scalable self-supervised semantic sparse spatial spectral stable structured "
    "subject-driven temporal text-guided training-free unified unsupervised view-consistent "
    "volumetric weakly-supervised zero-shot"
)

NOUNS = _words(
    "adapter alignment attention autoencoder avatar backbone benchmark bottleneck camera "
    "codebook completion compression consistency contour correspondence covariance "
    "curriculum dataset decoder deformation denoiser density depth diffusion distillation "
    "distribution editing embedding encoder energy estimator features field flow frames "
    "gaussians generator geometry gradient graph grid guidance hash illumination inpainting "
    "interpolation inversion kernel keypoints layout lighting likelihood manifold mask "
    "material memory mesh motion network normals objective occlusion operator optimization "
    "pipeline point-cloud policy pose prior projection prompt quantization radiance "
    "reconstruction reflectance regularizer relighting renderer representation residual "
    "resolution sampler scene score segmentation sequence shading shape signal skeleton "
    "solver splatting style supervision surface synthesis texture tokenizer tracking "
    "trajectory transformer translation uncertainty upsampler video viewpoint voxel weights"
)

VERBS = _words(
    "aligns amplifies approximates augments balances bridges calibrates captures combines "
    "compresses conditions constrains decomposes decouples distills encodes enforces "
    "enhances estimates exploits extends factorizes fuses generalizes guides improves "
    "injects integrates interpolates learns leverages lifts maps matches models "
    "normalizes optimizes predicts preserves propagates reconstructs recovers reduces "
    "refines regularizes renders reweights samples scales separates simplifies stabilizes "
    "supervises synthesizes tracks transfers unifies warps"
)

FILLERS = _words(
    "the a our each every this their its which while across without through under "
    "between towards within over beyond from into"
)

TASKS = (
    "Text-to-Image Generation",
    "Novel View Synthesis",
    "Image Super-Resolution",
    "Talking Head Generation",
    "Text-to-3D Generation",
    "Video Generation",
    "Image Editing",
    "Monocular Depth Estimation",
    "Dynamic Scene Reconstruction",
    "Medical Image Segmentation",
    "Open-Vocabulary Detection",
    "Human Motion Synthesis",
    "Visual Question Answering",
    "Point Cloud Completion",
    "Style Transfer",
    "Autonomous Driving Simulation",
    "Few-Shot Classification",
    "Language Model Alignment",
    "Image Restoration",
    "Relighting",
)

SYLLABLES = _words(
    "dif gen fu sion ne rf gau spla dream mo tion vi de o tex ture flex zip in stant "
    "con trol mag ic an y dress paint scene la yer mem o sur align switch in fin ty "
    "di vot ra nni spar se pa na cea rich lo ra qua nt"
)

ZH_TERMS = _words(
    "扩散模型 潜在空间 去噪网络 文本编码器 交叉注意力 三维高斯 神经辐射场 多视角一致性 "
    "时间一致性 身份一致性 采样步数 蒸馏策略 先验知识 条件控制 图像编辑 视频生成 "
    "超分辨率 深度估计 位姿估计 语义分割 数据增强 合成数据 大语言模型 多模态对齐 "
    "低秩适配 量化误差 推理速度 显存占用 训练成本 泛化能力 鲁棒性 可控性 细节保真度 "
    "渲染质量 几何结构 纹理细节 光照分离 运动先验 关键帧 跨帧注意力 零样本 少样本 "
    "自监督学习 对比学习 码本 离散令牌 自回归模型 流匹配 最优传输 分数蒸馏 无分类器引导 "
    "噪声调度 隐式表示 显式表示 点云 网格 体素 哈希编码 球谐函数 各向异性 密度控制"
)

ZH_PATTERNS = (
    "本文提出了一种基于{0}的方法，用于提升{1}。",
    "现有方法在{0}方面存在明显不足，尤其是{1}较差。",
    "作者引入{0}来约束{1}，从而避免了常见的伪影。",
    "实验表明，该方法在{0}和{1}上均优于基线方法。",
    "该框架无需额外训练，可以直接结合{0}使用。",
    "通过{0}与{1}的联合优化，模型在真实场景中表现稳定。",
    "论文的核心思想是把{0}分解为{1}和剩余部分分别建模。",
    "与以往依赖{0}的工作不同，本方法只需要{1}。",
    "消融实验说明{0}对最终结果的贡献最大。",
    "局限性在于{0}仍然依赖高质量的{1}。",
    "作者还发布了代码和数据集，便于复现{0}相关的结果。",
    "这一设计显著降低了{0}，同时保持了{1}。",
)

ZH_HEADINGS = ("研究背景", "研究动机", "研究方法", "贡献和创新点", "相关工作")

FIRST_NAMES = _words(
    "Wei Jing Yifan Hao Xin Lei Ming Yu Chen Jun Li Tao Zhen Kai Rui Yang Aditya Priya "
    "Rahul Ananya Arjun Sofia Lucas Emma Noah Mia Liam Olivia Elias Hannah Jonas Lea "
    "Mateo Valentina Diego Camila Kenji Yuki Haruto Sakura Minjun Jiwoo Seoyeon Dmitry "
    "Anastasia Ivan Olga Ahmed Fatima Omar Layla Kwame Amara Tomasz Zofia Lars Ingrid "
    "Pierre Camille Giulia Marco Ana Pedro Nadia Yusuf Elif Mehmet"
)

LAST_NAMES = _words(
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo "
    "Gao Sharma Patel Gupta Singh Kumar Reddy Müller Schmidt Schneider Fischer Weber "
    "Meyer García Martínez López González Rossi Russo Bianchi Dubois Lefèvre Moreau "
    "Tanaka Suzuki Takahashi Kim Lee Park Choi Jung Ivanov Smirnov Kowalski Nowak "
    "Johansson Andersson Nielsen Okafor Mensah Haddad Yilmaz Kaya Silva Santos Costa "
    "Oliveira Novak Horvat"
)

AFFILIATIONS = (
    "清华大学",
    "北京大学",
    "上海交通大学",
    "浙江大学",
    "香港中文大学",
    "南洋理工大学",
    "Stanford University",
    "ETH Zürich",
    "Max Planck Institute for Informatics",
    "University of Oxford",
    "Inria",
    "Google Research",
    "Meta AI",
    "NVIDIA",
    "Microsoft Research",
    "Adobe Research",
)

HEXO_CATEGORIES = (
    "Diffusion Models",
    "NeRF",
    "3DGS",
    "Talking Head Generation",
    "Video Generation",
    "LLM",
    "Medical Image",
    "Super Resolution",
)

ARXIV_CATEGORIES = ("cs.CV", "cs.LG", "cs.CL", "cs.GR", "cs.RO", "cs.AI", "eess.IV")

DENDRON_TAGS = (
    "ml/diffusion",
    "ml/diffusion/sampling",
    "ml/3d/nerf",
    "ml/3d/gaussians",
    "ml/video",
    "ml/llm",
    "image_editing",
    "Customization",
    "_3D_generation",
    "text-to-3d",
    "扩散模型",
    "自动驾驶",
    "视频生成",
    "video_generation",
    "NVS",
    "to-read",
)

"""Word classes the rules reason with, grouped by the role they play in an OKR.

These are classes of meaning (what counts as a deliverable, an outcome, an abstract aim), not the
wording of any particular draft: a rule combines them with structure (verb + object, clause
boundaries) and with similarity, never fires on one word alone.
"""
from __future__ import annotations

import re


def _alt(words: str) -> str:
    return "|".join(sorted(set(words.split()), key=len, reverse=True))


# Things whose existence can be checked at the end of a cycle.
DELIVERABLE_NOUNS = _alt("""
    报告 文档 文件 清单 台账 证书 证 执照 许可证 许可 资质证书 批件 批文 批复 批准 备案 回执 受理通知书 通知书 纪要
    方案 手册 制度 规程 程序文件 作业指导书 指南 标准 规范 模板 计划 计划书 表 记录 档案 合同 协议 三方协议 协议书
    系统 平台 看板 模块 功能 工具 机器人 流程 数据库 知识库 答复库 题库 课程 教材 课件 案例 论文 专利 样件 样品 样机
    原型 版本 官网 网站 页面 app 小程序 报表 月报 周报 简报 总结 说明 声明 申请 申报 资料 材料 图纸 评估 报价
    测试报告 检验报告 审计报告 鉴定 结论 证明 意见书 评审意见 整改报告 认证 注册证 编号 账号 预案 演练 培训
""")
# Verbs that bring a deliverable into being or obtain an outcome.
COMPLETION_VERBS = _alt("""
    完成 形成 输出 编制 撰写 编写 起草 制定 发布 上线 交付 提交 递交 报送 上报 取得 获得 获取 拿到 领取 通过 签订 签署 签字
    出具 建成 建立 搭建 开发 部署 投产 落地 实施 启用 验收 归档 更新 修订 换发 办结 获批 批准 核发 颁发 下发 发放 召开 举办
    组织 开展 完成了 确认 审批 审定 定稿 印发 收集 整理 备齐 引进 招聘 聘用 入职 签约 受理 换证 延续 变更
""")
# Qualitative, never-finished actions: a KR leaning on these cannot be judged met or not.
ONGOING = _alt("""
    加强 持续 做好 积极 配合 深入 理解 关注 常态化 实时 及时 不断 努力 尽力 争取 进一步 随时 认真 切实 重视 大力 全力
    充分 保持沟通 密切 主动 尽快 尽量 逐步 稳步 扎实 着力 用心 高度
""")
ONGOING_EN = re.compile(
    r"\b(?:keep|keeps|continue|continues|continuously|continual(?:ly)?|ongoing|as needed|as required|where possible|"
    r"regularly|proactively|stay(?:s)? (?:close|aligned|in touch)|work closely|closely|actively|constantly|"
    r"always|better|more effectively|try to|strive|endeavou?r)\b", re.I)
# Verbs and participles that mark an event that either happened or did not (a milestone).
MILESTONE = _alt("""
    完成 形成 输出 编制 撰写 编写 起草 制定 发布 上线 交付 提交 递交 报送 上报 取得 获得 获取 拿到 领取 通过 签订 签署
    签字 出具 建成 建立 搭建 开发 部署 投产 落地 实施 启用 验收 归档 更新 修订 换发 办结 获批 批准 核发 颁发 下发 发放
    召开 举办 组织 开展 确认 审批 审定 定稿 印发 收集 整理 备齐 引进 招聘 聘用 入职 签约 受理 换证 延续 变更 确定 报
    进入 入选 列入 迁移 搬迁 切换 替换 关闭 清零 上传 录入 配备 配齐 新增 增补 聘请 委托 购置 采购 安装 调试 改造
    改版 重建 整改 完结 结项 验证 评审 审核 测试 检测 检验 培训 考试 取证 注册 备案 申请 申报 公示 挂网 上市 举行
""")
MILESTONE_EN = re.compile(
    r"\b(?:complete[ds]?|completed|finish(?:ed|es)?|submit(?:ted|s)?|publish(?:ed|es)?|sign(?:ed|s)?(?: off)?|"
    r"approv(?:ed|es|e)|issue[ds]?|receive[ds]?|obtain(?:ed|s)?|launch(?:ed|es)?|live|deliver(?:ed|s)?|"
    r"deploy(?:ed|s)?|implement(?:ed|s)?|migrat(?:ed|es|e)|update[ds]?|file[ds]?|grant(?:ed|s)?|pass(?:ed|es)?|"
    r"h[eo]ld|close[ds]?|accept(?:ed|s)?|roll(?:ed)? out|ship(?:ped|s)?|release[ds]?|document(?:ed|s)?|"
    r"in place|go(?:es)? live|ready|run|conduct(?:ed|s)?|define[ds]?|buil[dt]|create[ds]?|writ(?:e|ten)|"
    r"draft(?:ed|s)?|produce[ds]?|map(?:ped)?|train(?:ed|s)?|hire[ds]?|recruit(?:ed|s)?|organi[sz]e[ds]?|"
    r"secure[ds]?|set|attach(?:ed|es)?|respond(?:ed|s)?|answer(?:ed|s)?|renew(?:ed|s)?|register(?:ed|s)?|"
    r"install(?:ed|s)?|replace[ds]?|move[ds]?|select(?:ed|s)?|appoint(?:ed|s)?|sign-?off|achieve[ds]?|"
    r"earn(?:ed|s)?|certif(?:ied|y)|clear(?:ed|s)?|remediat(?:ed|es|e)|fix(?:ed|es)?|resolve[ds]?|audit(?:ed)?|"
    r"review(?:ed)?|test(?:ed)?|validat(?:ed|es|e)|verif(?:ied|y)|list(?:ed|ing)|report|certificate|licen[cs]e)\b",
    re.I)

# Abstract aims: "推进…相关工作", "提升工作效率", "improve our processes".
ABSTRACT_VERBS = _alt("""
    推进 推动 加强 做好 提升 提高 优化 改善 促进 落实 努力 完善 强化 抓好 搞好 开展 深化 规范 加快 夯实 助力 支持 保障 确保
""")
ABSTRACT_OBJECTS = _alt("""
    相关工作 各项工作 本职工作 日常工作 整体工作 工作 工作质量 工作效率 效率 管理水平 水平 质量 能力 服务 管理 流程 体系
    建设 发展 业务 事务 事项 工作水平 工作能力 服务质量 服务水平 整体水平 综合能力 执行力 影响力 竞争力 满意度 表现 绩效
""")
# Generic management words masked out before comparing what two texts are about.
GENERIC = set("""
    完成 确保 提升 提高 建立 组织 相关 工作 本季度 实现 达到 进行 开展 推进 加强 做好 优化 全部 所有 各项 通过 取得
    获得 形成 输出 提交 以上 以下 不低于 不少于 不超过 达成 目标 关键 结果 及时 有效 持续 主要 重点 全面 进一步 年度
    季度 本年 本月 本周 公司 部门 团队 我们 我 的 和 与 及 并 等 将 把 在 对 为 以 由 从 到 个 项 次 份 名 家
    the a an of to for and or by in on at with from our we all each every be is are was were this that new
""".split())

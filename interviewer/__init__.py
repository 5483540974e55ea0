"""Pre-assessment interview against GB/T 27922-2011 (商品售后服务评价体系)."""

__version__ = "0.1.0"
